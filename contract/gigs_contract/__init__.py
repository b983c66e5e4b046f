"""The contract suite: hold any server of the Gigs Devices API to openapi.yaml.

`python -m gigs_contract` (`make contract`) runs it; `target` chooses the server, `hooks` keeps live
runs safe, `checks` adds the API's own rules to Schemathesis's checks.
"""
