"""Claims leaving and entering the workbench: export (JSON / Markdown / FollowTheMoney), import
and verify, corroboration.  Re-anchoring a quote is :mod:`workbench.anchor`, below every layer.
Never imports Textual."""
