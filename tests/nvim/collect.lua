-- Headless test script: wait until storylint's diagnostics have settled (none came for
-- 1.5 s), then write them (line, byte column, end column, code, from every namespace)
-- and every notification Neovim showed, to STORYLINT_OUT.
local last_change = vim.uv.now()
local changes = 0
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function()
    last_change = vim.uv.now()
    changes = changes + 1
  end,
})
vim.wait(60000, function()
  return changes > 0 and vim.uv.now() - last_change > 1500
end, 50)
local out = {}
local found = vim.diagnostic.get(0)
table.sort(found, function(a, b)
  if a.lnum ~= b.lnum then
    return a.lnum < b.lnum
  end
  if a.col ~= b.col then
    return a.col < b.col
  end
  return tostring(a.code) < tostring(b.code)
end)
for _, d in ipairs(found) do
  table.insert(out, ("diagnostic %d %d %d %s"):format(d.lnum, d.col, d.end_col, d.code))
end
for _, note in ipairs(_G.storylint_notes) do
  table.insert(out, "note " .. note)
end
vim.fn.writefile(out, vim.env.STORYLINT_OUT)
vim.cmd("qa!")
