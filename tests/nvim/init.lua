-- Test set-up: load the storylint plugin from this repository and start the server
-- with the Python that runs the tests (STORYLINT_PYTHON).
local repo = vim.env.STORYLINT_REPO
vim.opt.runtimepath:prepend(repo .. "/editors/nvim")
vim.opt.swapfile = false
require("storylint").setup({
  cmd = { vim.env.STORYLINT_PYTHON, "-m", "storylint", "lsp" },
  settings = { severity = { dialogue = "info" } },
})
