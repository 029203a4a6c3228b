-- followup-lint for Neovim 0.11 or later (vim.lsp.config and vim.lsp.enable); see docs/editors.md.
vim.lsp.config("followup_lint", {
  cmd = { "followup-lint", "lsp" },
  filetypes = { "text", "markdown", "mail" }, -- Neovim gives .eml files the "mail" filetype
  root_markers = { ".followup-lint.toml", "pyproject.toml", ".git" },
})
vim.lsp.enable("followup_lint")
