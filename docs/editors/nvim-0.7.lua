-- followup-lint for Neovim 0.7 to 0.10, without plugins; see docs/editors.md (0.11+: nvim-0.11.lua).
-- One server for every draft: it finds each draft's .followup-lint.toml / pyproject.toml itself.
local client_id
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "text", "markdown", "mail" }, -- Neovim gives .eml files the "mail" filetype
  callback = function(args)
    if not (client_id and vim.lsp.get_client_by_id(client_id)) then
      client_id = vim.lsp.start_client({
        name = "followup_lint",
        cmd = { "followup-lint", "lsp" },
        root_dir = vim.fn.getcwd(),
      })
    end
    if client_id then -- nil when followup-lint is not found; Neovim has said so
      vim.lsp.buf_attach_client(args.buf, client_id)
    end
  end,
})
