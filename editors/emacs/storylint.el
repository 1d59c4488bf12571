;;; storylint.el --- Proofread fiction with storylint through Eglot  -*- lexical-binding: t; -*-

;; Author: storylint contributors
;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: wp, languages, tools
;; URL: https://github.com/storylint/storylint

;;; Commentary:

;; storylint checks fiction for dialogue punctuation, homophones and character names.
;; This file tells Eglot how to start its language server (`storylint lsp') for text and
;; Markdown buffers.  Diagnostics appear through Flymake; quick fixes are Eglot code
;; actions (M-x eglot-code-actions).
;;
;;   (require 'storylint)
;;   (storylint-eglot-setup)                 ; register the server with Eglot
;;   (add-hook 'text-mode-hook #'eglot-ensure) ; Markdown modes derive from text-mode
;;
;; Settings reach the server through `eglot-workspace-configuration', with the keys of
;; storylint.toml, e.g. ((:storylint . (:quoteStyle "uk" :accept ["Kellhaven"]))).

;;; Code:

(require 'eglot)

(defgroup storylint nil
  "Proofreading for fiction with storylint."
  :group 'tools
  :prefix "storylint-")

(defcustom storylint-command '("storylint" "lsp")
  "The command that starts the storylint language server."
  :type '(repeat string))

(defcustom storylint-modes '(text-mode markdown-mode gfm-mode)
  "Major modes whose buffers storylint checks."
  :type '(repeat symbol))

;;;###autoload
(defun storylint-eglot-setup ()
  "Register `storylint-command' with Eglot for `storylint-modes'."
  (interactive)
  (unless (executable-find (car storylint-command))
    (display-warning 'storylint
                     (format "%s not found: pip install storylint, or set `storylint-command'"
                             (car storylint-command))))
  (setq eglot-server-programs
        (cons (cons storylint-modes storylint-command)
              (seq-remove (lambda (entry) (equal (car entry) storylint-modes))
                          eglot-server-programs))))

(provide 'storylint)
;;; storylint.el ends here
