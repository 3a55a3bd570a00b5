"""Discord-facing pieces every cog shares: the error path, rendering helpers, views."""
