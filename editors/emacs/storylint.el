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
;;   (storylint-eglot-setup)                              ; register the server with Eglot
;;   (add-hook 'text-mode-hook #'storylint-eglot-ensure)  ; text and Markdown buffers only
;;
;; Many modes derive from `text-mode' (LaTeX, Org, reStructuredText...): storylint leaves
;; them to their own servers.  It is registered after Eglot's own servers, and
;; `storylint-eglot-ensure' starts it only in `storylint-modes' themselves.
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
  "Register `storylint-command' with Eglot for `storylint-modes'.
The entry goes after every other, so a mode derived from `text-mode' that has a server
of its own (LaTeX: digestif or texlab) keeps it."
  (interactive)
  (unless (executable-find (car storylint-command))
    (display-warning 'storylint
                     (format "%s not found: install storylint (see editors/emacs/README.md), or set `storylint-command'"
                             (car storylint-command))))
  (setq eglot-server-programs
        (append (seq-remove (lambda (entry) (eq (cdr entry) #'storylint--contact))
                            eglot-server-programs)
                (list (cons storylint-modes #'storylint--contact)))))

(defun storylint--contact (&optional _interactive)
  "The command for Eglot, in `storylint-modes' only (not in modes derived from them)."
  (unless (memq major-mode storylint-modes)
    (user-error "storylint checks %s buffers, not %s"
                (mapconcat #'symbol-name storylint-modes ", ") major-mode))
  storylint-command)

;;;###autoload
(defun storylint-eglot-ensure ()
  "Start storylint in this buffer with `eglot-ensure' if it is in `storylint-modes'.
For `text-mode-hook' (Markdown modes derive from `text-mode'); other modes derived from
it (LaTeX, Org...) are left alone."
  (when (memq major-mode storylint-modes)
    (eglot-ensure)))

(provide 'storylint)
;;; storylint.el ends here
