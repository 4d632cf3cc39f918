-- Neovim (0.7+) as an independent LSP client for dist/server.js: start the server over stdio, open a file, wait for
-- its diagnostics, print them one per line, stop the server and quit. Driven by test/lsp/neovim.test.ts:
--
--   SLO_LENS_NODE=node SLO_LENS_SERVER=dist/server.js SLO_LENS_ROOT=<folder> SLO_LENS_FILE=<file> SLO_LENS_EXPECT=2 \
--     nvim --headless -u NONE -i NONE -n -c 'luafile test/nvim/lsp.lua'
--
-- Output lines: `INIT <ms>`, `DIAG <code> <line> <col> <end_line> <end_col> <severity> <source>` (0-based, like LSP),
-- `DONE <ms>`, `EXIT <code>`. Exit status 0 when at least SLO_LENS_EXPECT diagnostics arrived, 1 when not, 2 on setup errors.
-- On 0.7 `vim.lsp.start` does not exist yet, so the client is started with `start_client` and attached by hand.
local t0 = vim.loop.hrtime()
local function ms() return (vim.loop.hrtime() - t0) / 1e6 end
local function out(line) io.stdout:write(line .. '\n') end

local node = os.getenv('SLO_LENS_NODE') or 'node'
local server = os.getenv('SLO_LENS_SERVER')
local root = os.getenv('SLO_LENS_ROOT')
local file = os.getenv('SLO_LENS_FILE')
local expect = tonumber(os.getenv('SLO_LENS_EXPECT') or '1')
local timeout = tonumber(os.getenv('SLO_LENS_TIMEOUT_MS') or '20000')
if not server or not root or not file then
  out('FAIL set SLO_LENS_SERVER, SLO_LENS_ROOT and SLO_LENS_FILE')
  vim.cmd('cquit 2')
end

local exited = nil
local client_id = vim.lsp.start_client({
  name = 'slo-lens',
  cmd = { node, server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  -- Answers the server's workspace/configuration request for the `sloLens` section.
  settings = { sloLens = { diagnostics = { workspace = false } } },
  on_init = function() out(string.format('INIT %.0f', ms())) end,
  on_exit = function(code) exited = code end,
})
if not client_id then
  out('FAIL vim.lsp.start_client returned nil')
  vim.cmd('cquit 2')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)

local ok = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) >= expect end, 20)
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code
  out(string.format('DIAG %s %d %d %d %d %d %s', tostring(code), d.lnum, d.col, d.end_lnum, d.end_col, d.severity, tostring(d.source)))
end
out(string.format('DONE %.0f', ms()))

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return exited ~= nil end, 20)
out('EXIT ' .. tostring(exited))
if ok then vim.cmd('qall!') else vim.cmd('cquit 1') end
