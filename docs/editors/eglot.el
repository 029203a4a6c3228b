;;; followup-lint with Eglot: built into Emacs 29+; on Emacs 28 `apt install elpa-eglot'
;;; (Debian/Ubuntu) or M-x package-install RET eglot RET.  See docs/editors.md.

;; Without extra packages Emacs opens .md and .eml files in fundamental-mode; open them as text.
(unless (fboundp 'markdown-mode)
  (add-to-list 'auto-mode-alist '("\\.md\\'" . text-mode)))
(add-to-list 'auto-mode-alist '("\\.eml\\'" . text-mode))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((text-mode markdown-mode) . ("followup-lint" "lsp"))))

;; Start it by itself in drafts (M-x eglot starts it for one buffer):
;; (add-hook 'text-mode-hook #'eglot-ensure)
