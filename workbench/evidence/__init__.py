"""Claims leaving and entering the workbench: re-anchoring, export (JSON / Markdown /
FollowTheMoney), import and verify.  Never imports Textual."""
