"""Load benchmark of Node.js and Flask servers (``make evidence``); see ``__main__.py``."""
