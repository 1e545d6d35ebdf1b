"""The listening channels' tables, one module per channel.

Each channel's module is imported here so Django finds its models.
"""
