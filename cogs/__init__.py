"""Discord in, Discord out: one package per feature, each with setup() in its __init__."""
