"""Widgets of the call and home screens; each one renders what its screen hands down."""
