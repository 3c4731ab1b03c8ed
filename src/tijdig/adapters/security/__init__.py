"""Security adapters: password hashing (argon2) and signed links (itsdangerous)."""
