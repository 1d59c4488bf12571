;;; check.el --- batch test: storylint through Eglot in a real Emacs  -*- lexical-binding: t; -*-
;; Environment: STORYLINT_REPO, STORYLINT_PYTHON, STORYLINT_CHAPTER, STORYLINT_OUT.

(require 'cl-lib)
(add-to-list 'load-path (expand-file-name "editors/emacs" (getenv "STORYLINT_REPO")))
(require 'storylint)
(setq storylint-command (list (getenv "STORYLINT_PYTHON") "-m" "storylint" "lsp"))
(storylint-eglot-setup)
(setq-default eglot-workspace-configuration '((:storylint . (:severity (:dialogue "info")))))

(defvar storylint-test-out nil)
(defvar storylint-test-published nil "The version of the last diagnostics published.")
(advice-add 'eglot-handle-notification :after
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq storylint-test-published (plist-get params :version)))))
(defun say (format-string &rest args)
  (push (apply #'format format-string args) storylint-test-out))

(defun wait-until (predicate seconds)
  (let ((end (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (funcall predicate)))

(defun sorted-diagnostics ()
  (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun show (label)
  (dolist (d (sorted-diagnostics))
    (say "%s %S %s %s" label
         (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d))
         (flymake-diagnostic-type d)
         (flymake-diagnostic-text d))))

(find-file (getenv "STORYLINT_CHAPTER"))
(apply #'eglot (eglot--guess-contact))
(say "ok=%s" (wait-until (lambda () (>= (length (flymake-diagnostics)) 2)) 60))
(show "before")
(let* ((first (car (sorted-diagnostics)))
       (actions (eglot-code-actions (flymake-diagnostic-beg first) (flymake-diagnostic-end first) "quickfix"))
       (preferred (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)))
  (say "action %s" (plist-get preferred :title))
  (eglot--apply-workspace-edit (plist-get preferred :edit))
  (eglot--signal-textDocument/didChange)  ; batch mode runs no idle timers
  ;; Flymake drops a diagnostic whose text was replaced at once, and Eglot 1.9 shows
  ;; any diagnostics it gets: wait for those of the edited text (its version).
  (say "republished=%s"
       (wait-until (lambda () (equal storylint-test-published eglot--versioned-identifier)) 60))
  (say "line after fix: %s" (save-excursion (goto-char (flymake-diagnostic-beg first))
                                            (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))
(show "after")
(with-temp-file (getenv "STORYLINT_OUT")
  (insert (mapconcat #'identity (reverse storylint-test-out) "\n") "\n"))
(let ((server (eglot-current-server)))
  (when server (ignore-errors (eglot-shutdown server))))
(kill-emacs 0)
;;; check.el ends here
