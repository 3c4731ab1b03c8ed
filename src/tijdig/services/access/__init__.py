"""Who may use Tijdig: users, sign-in, browser sessions and API tokens.

- `users.py`: `add_user` (`tijdig user add`, the settings page's users section),
  `update_user` (`tijdig user set`, the users section, a user's own language choice),
  `set_password` (`tijdig user password`, the users section), `create_api_token` and
  `revoke_api_token` (`tijdig token create|revoke`); sign-in (`authenticate`,
  `start_session`, `session_user`, `end_session`) for the workspace and `token_user`
  for the API.

Every use case that changes who may do what takes `actor` and `at` and writes its audit
entry in its own transaction (`services.audit.record`); rules such as "an administrator
cannot take away their own admin role" live here, so the CLI and the web share them.
"""
