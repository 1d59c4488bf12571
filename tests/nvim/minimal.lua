-- Test set-up: the README's minimal set-up, no settings (storylint on PATH), except
-- STORYLINT_MODE (push) when set; every notification is recorded.
vim.opt.runtimepath:prepend(vim.env.STORYLINT_REPO .. "/editors/nvim")
vim.opt.swapfile = false
_G.storylint_notes = {}
local notify = vim.notify
vim.notify = function(message, level, opts)
  table.insert(_G.storylint_notes, ("%s %s"):format(level or "", message))
  return notify(message, level, opts)
end
if vim.env.STORYLINT_MODE and vim.env.STORYLINT_MODE ~= "" then
  require("storylint").setup({ settings = { diagnosticMode = vim.env.STORYLINT_MODE } })
else
  require("storylint").setup()
end
