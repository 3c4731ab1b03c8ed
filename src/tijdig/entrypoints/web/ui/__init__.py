"""Server-rendered pages (Jinja2) and the view helpers they need, such as the charts."""
