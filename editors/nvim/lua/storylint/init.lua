-- storylint for Neovim (0.10 and later): diagnostics and quick fixes for fiction,
-- from the `storylint lsp` language server.
--
--   require("storylint").setup({
--     cmd = { "storylint", "lsp" },           -- how to start the server
--     filetypes = { "text", "markdown" },     -- buffers to check
--     settings = { quoteStyle = "uk" },       -- storylint settings (keys of storylint.toml)
--   })
local M = {}

M.defaults = {
  cmd = { "storylint", "lsp" },
  filetypes = { "text", "markdown" },
  root_markers = { "storylint.toml", ".storylint.toml", "pyproject.toml", ".git" },
  settings = {},
}

--- The client configuration for the options (what vim.lsp.config / vim.lsp.start take).
function M.client_config(opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  -- an empty Lua table would be sent as a JSON array: send an object
  local settings = next(opts.settings) == nil and vim.empty_dict() or opts.settings
  return {
    name = "storylint",
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    -- answers workspace/configuration for the "storylint" section
    settings = { storylint = settings },
    init_options = { storylint = settings },
  }
end

local function warn_if_missing(cmd)
  if vim.fn.executable(cmd[1]) == 0 then
    vim.notify(
      ("storylint: %q was not found. Install it with `pip install git+https://github.com/storylint/storylint`"
        .. " (or `pip install .` in a clone), or pass"
        .. " `cmd` to require('storylint').setup()."):format(cmd[1]),
      vim.log.levels.WARN
    )
    return true
  end
  return false
end

function M.setup(opts)
  local config = M.client_config(opts)
  if warn_if_missing(config.cmd) then
    return
  end
  if vim.lsp.config ~= nil and vim.fn.has("nvim-0.11") == 1 then
    vim.lsp.config("storylint", config)
    vim.lsp.enable("storylint")
    return
  end
  -- Neovim 0.10: start the server for each buffer of the file types.
  local group = vim.api.nvim_create_augroup("storylint", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      local root = vim.fs.root(args.buf, config.root_markers)
      vim.lsp.start(vim.tbl_extend("force", config, { root_dir = root }), { bufnr = args.buf })
    end,
  })
end

return M
