"""A client library for accessing Gigs Devices and Device Models API"""
