"""No errors here: the SDK's are in `gigs_devices` (`GigsError` and its subclasses, one per status)."""
