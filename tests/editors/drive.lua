-- Drives a real Neovim the way a user would: open each draft, wait for the server's diagnostics,
-- put the cursor on a target, ask for code actions, take the preferred one, write the file.
-- Jobs come from the JSON file in $FOLLOWUP_EDITOR_JOBS; what Neovim saw goes to its "out" file.
local jobs = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("FOLLOWUP_EDITOR_JOBS")), "\n"))
local has_apply = vim.fn.has("nvim-0.8") == 1 -- code_action({apply, filter}) appeared in 0.8
local results = {}

local function menu(pick)
  -- stands in for the menu a user picks from; `pick` chooses the preferred action or nothing
  local seen = { shown = false, items = {} }
  vim.ui.select = function(items, _, on_choice)
    local chosen
    for i, item in ipairs(items) do
      local action = item.action or item[2] -- 0.10+: {action=, ctx=}; 0.7: {client_id, action}
      table.insert(seen.items, { title = action.title, preferred = action.isPreferred == true })
      if pick and action.isPreferred and not chosen then
        chosen = i
      end
    end
    seen.shown = true
    on_choice(chosen and items[chosen] or nil, chosen)
  end
  return seen
end

local function run(job)
  local result = { path = job.path }
  table.insert(results, result)
  vim.cmd("edit " .. vim.fn.fnameescape(job.path))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  result.got_diagnostics = vim.wait(90000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf })
    or vim.tbl_values(vim.lsp.buf_get_clients(buf)) -- before 0.10
  result.encoding = clients[1] and clients[1].offset_encoding or vim.NIL
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ""
    table.insert(result.diagnostics, {
      line = d.lnum, col = d.col, end_col = d.end_col, code = d.code,
      text = d.lnum == d.end_lnum and line:sub(d.col + 1, d.end_col) or vim.NIL,
    })
  end
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  result.found = vim.fn.search("\\V" .. vim.fn.escape(job.target, "\\"), "cW") > 0
  local tick = vim.api.nvim_buf_get_changedtick(buf)

  local offered = menu(not has_apply)
  vim.lsp.buf.code_action()
  vim.wait(10000, function() return offered.shown end, 20)
  result.offered = offered.items
  if has_apply then -- what a mapping with apply=true does: the single preferred fix, without a menu
    local shown = menu(false)
    vim.lsp.buf.code_action({ apply = true, filter = function(a) return a.isPreferred end })
    vim.wait(10000, function() return shown.shown or vim.api.nvim_buf_get_changedtick(buf) ~= tick end, 20)
    result.menu_for_preferred = shown.shown == true
  end
  result.applied = vim.wait(5000, function() return vim.api.nvim_buf_get_changedtick(buf) ~= tick end, 20)
  vim.cmd("write")
end

for _, job in ipairs(jobs.files) do
  local ok, err = pcall(run, job)
  if not ok then
    results[#results].error = tostring(err)
  end
end
vim.fn.writefile({ vim.fn.json_encode(results) }, jobs.out)
vim.cmd("qa!")
