-- Headless test script: wait for storylint's diagnostics, apply the preferred quick fix
-- at the first one, wait for the diagnostics to update, and write what happened to
-- STORYLINT_OUT (one line each).
local out = {}
local changes = 0 -- DiagnosticChanged events: diagnostics the server sent
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function()
    changes = changes + 1
  end,
})
local function say(line)
  table.insert(out, line)
end

local function diagnostics()
  local found = vim.diagnostic.get(0)
  table.sort(found, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return found
end

local function show(label)
  for _, d in ipairs(diagnostics()) do
    say(("%s %d:%d-%d %s %d %s"):format(label, d.lnum, d.col, d.end_col, d.code, d.severity, d.message))
  end
end

local ok = vim.wait(30000, function()
  return #diagnostics() >= 2
end, 50)
local client = vim.lsp.get_clients({ name = "storylint" })[1]
say(("attached=%s encoding=%s waited=%s"):format(client ~= nil, client and client.offset_encoding, ok))
show("before")

local first = diagnostics()[1]
vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action)
    return action.isPreferred == true
  end,
})
local before, seen = #diagnostics(), changes
vim.wait(30000, function()
  return changes > seen and #diagnostics() < before
end, 50)
say("line after fix: " .. vim.api.nvim_buf_get_lines(0, first.lnum, first.lnum + 1, false)[1])
show("after")
vim.fn.writefile(out, vim.env.STORYLINT_OUT)
vim.cmd("qa!")
