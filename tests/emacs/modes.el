;;; modes.el --- batch test: which buffers the storylint set-up starts a server in  -*- lexical-binding: t; -*-
;; Environment: STORYLINT_REPO, STORYLINT_PYTHON, STORYLINT_DIR, STORYLINT_OUT.

(add-to-list 'load-path (expand-file-name "editors/emacs" (getenv "STORYLINT_REPO")))
(require 'storylint)
(setq storylint-command (list (getenv "STORYLINT_PYTHON") "-m" "storylint" "lsp"))
(storylint-eglot-setup)
(add-hook 'text-mode-hook #'storylint-eglot-ensure)

(defvar out nil)
(defun started (file seconds)
  "Visit FILE; the name of the server Eglot runs for it within SECONDS, or none."
  (with-current-buffer (find-file-noselect (expand-file-name file (getenv "STORYLINT_DIR")))
    (run-hooks 'post-command-hook)  ; eglot-ensure connects there, after the command loop
    (let ((end (+ (float-time) seconds)))
      (while (and (not (eglot-current-server)) (< (float-time) end))
        (accept-process-output nil 0.1)))
    (let ((server (eglot-current-server)))
      (format "%s %s %s" file major-mode
              (if server (plist-get (eglot--server-info server) :name) "none")))))

(push (started "chapter.txt" 30) out)
(push (started "notes.org" 3) out)
(push (started "paper.tex" 3) out)
(push (format "latex-server %S"
              (let ((contact (nth 2 (eglot--lookup-mode 'latex-mode))))
                (not (eq contact #'storylint--contact))))
      out)
(with-temp-file (getenv "STORYLINT_OUT") (insert (string-join (nreverse out) "\n") "\n"))
(kill-emacs 0)
