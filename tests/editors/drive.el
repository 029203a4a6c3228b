;;; Drives a real Emacs with Eglot the way a user would: open each draft, M-x eglot, wait for the
;;; Flymake diagnostics, put point on a target, M-x eglot-code-actions, take the default (preferred)
;;; action, save.  Jobs come from the JSON file in $FOLLOWUP_EDITOR_JOBS; results go to its "out".
(require 'json)
(require 'cl-lib)
(require 'eglot)

(defun drive--wait (pred seconds)
  "Let Emacs process server output until PRED holds or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun drive--diagnostics ()
  (mapcar (lambda (d)
            (let ((beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
              `((line . ,(1- (line-number-at-pos beg)))
                (code . ,(plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code))
                (text . ,(buffer-substring-no-properties beg end)))))
          (flymake-diagnostics)))

(defun drive--run (job)
  (let ((result (list (cons 'path (alist-get 'path job)))))
    (find-file (alist-get 'path job))
    (push (cons 'mode (symbol-name major-mode)) result)
    (unless (eglot-managed-p)             ; a draft in the same project joins the running server
      (call-interactively #'eglot))
    ;; Flymake asks its backends after a command; there is no command loop in batch mode
    (push (cons 'got_diagnostics
                (and (drive--wait (lambda () (flymake-start) (flymake-diagnostics)) 90) t))
          result)
    (push (cons 'diagnostics (vconcat (drive--diagnostics))) result)
    (goto-char (point-min))
    (push (cons 'found (and (search-forward (alist-get 'target job) nil t) t)) result)
    (goto-char (match-beginning 0))
    (let* ((tick (buffer-modified-tick))
           offered chosen
           (last-nonmenu-event ?\r))       ; invoked from the keyboard: a minibuffer menu
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &rest args)
                   (setq offered (mapcar #'car collection) chosen (nth 4 args))
                   chosen)))              ; RET: the default, which Eglot makes the preferred action
        (call-interactively #'eglot-code-actions))
      (push (cons 'offered (vconcat offered)) result)
      (push (cons 'chosen chosen) result)
      (push (cons 'applied (/= tick (buffer-modified-tick))) result))
    (save-buffer)
    result))

(let* ((jobs (json-read-file (getenv "FOLLOWUP_EDITOR_JOBS")))
       (results nil))
  (dolist (job (append (alist-get 'files jobs) nil))
    (push (condition-case err
              (drive--run job)
            (error (list (cons 'path (alist-get 'path job)) (cons 'error (error-message-string err)))))
          results))
  (with-temp-file (alist-get 'out jobs)
    (insert (json-encode (vconcat (nreverse results)))))
  (kill-emacs 0))
