"""The domain: the product's rules in plain Python, with no Reflex import."""
