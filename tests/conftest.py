from hypothesis import settings

# These machines are shared and noisy: a slow example is not a failure, so no per-example deadline.
settings.register_profile("default", deadline=None)
settings.load_profile("default")
