-- Run by neovim.test.ts inside `nvim --headless` after the README's config has loaded and the
-- example file is open. Waits (bounded) until the buffer has diagnostics with every expected code, asks the
-- server for a hover, writes what Neovim holds as JSON and quits. Works on Neovim 0.7 (no vim.lsp.start).
local out_path = os.getenv('MESHLENS_PROBE_OUT')
local expected_codes = vim.split(os.getenv('MESHLENS_PROBE_CODES'), ',')
local hover_line = tonumber(os.getenv('MESHLENS_PROBE_HOVER_LINE'))
local hover_character = tonumber(os.getenv('MESHLENS_PROBE_HOVER_CHARACTER'))
local wait_ms = tonumber(os.getenv('MESHLENS_PROBE_WAIT_MS'))

local function has_expected_codes(buf)
  local seen = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    seen[diagnostic.code] = true
  end
  for _, code in ipairs(expected_codes) do
    if not seen[code] then return false end
  end
  return true
end

local function probe()
  local buf = vim.api.nvim_get_current_buf()
  local report = { filetype = vim.bo[buf].filetype, clients = {} }
  report.diagnostics_arrived = vim.wait(wait_ms, function() return has_expected_codes(buf) end, 50)
  -- Listed after the wait: Neovim counts a client as attached once it has initialized.
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    table.insert(report.clients, client.name)
  end
  -- The last error Neovim reported, e.g. from the config's autocmd.
  report.errmsg = vim.v.errmsg
  report.diagnostics = vim.diagnostic.get(buf)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = hover_line, character = hover_character },
  }
  local responses, err = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, wait_ms)
  report.hover_error = err
  report.hovers = {}
  for _, response in pairs(responses or {}) do
    table.insert(report.hovers, response.result or { error = response.err })
  end
  return report
end

local ok, result = xpcall(probe, debug.traceback)
local file = assert(io.open(out_path, 'w'))
file:write(vim.fn.json_encode(ok and result or { probe_error = result }))
file:close()
vim.cmd('qa!')
