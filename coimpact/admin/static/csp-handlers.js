// flask-admin's controls, wired with event listeners instead of the inline `onclick` handlers
// its templates use: the admin's Content-Security-Policy refuses inline handlers (coimpact/web/headers.py).
// The overridden templates in templates/admin/ carry data- attributes that say what to do.
(function () {
  'use strict';

  // Delete buttons (one row): ask first, and send nothing unless the answer is yes.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.matches && form.matches('form[data-confirm]') &&
        !window.confirm(form.getAttribute('data-confirm'))) {
      event.preventDefault();
    }
  });

  // In the capture phase, so that it runs even where a library stops the click on its way up.
  document.addEventListener('click', function (event) {
    if (!event.target.closest) {
      return;
    }
    // flask-admin's menus and buttons are links to "javascript:void(0)": following one does
    // nothing, but the policy refuses (and reports) it. Not following it is the same, quietly.
    if (event.target.closest('a[href^="javascript:"]')) {
      event.preventDefault();
    }
    var action = event.target.closest('[data-action-name]');
    if (action) {
      // "With selected": flask-admin's own actions.js checks the selection and confirms.
      window.modelActions.execute(action.getAttribute('data-action-name'));
      return;
    }
    var add = event.target.closest('[data-inline-add]');
    if (add) {
      window.faForm.addInlineField(add, add.getAttribute('data-inline-add'));
      labelNewInlineFields(add.closest('.inline-field'));
    }
  }, true);

  // flask-admin gives the fields it adds (an outcome's new indicator) new ids but leaves their
  // labels pointing at the template's ids: point each label at its field again.
  function labelNewInlineFields(container) {
    var rows = container.querySelectorAll(':scope > .inline-field-list > .inline-field');
    var row = rows[rows.length - 1];
    if (!row) {
      return;
    }
    row.querySelectorAll('label[for]').forEach(function (label) {
      var field = row.querySelector('[id$="-' + label.htmlFor + '"]');
      if (field) {
        label.htmlFor = field.id;
      }
    });
  }

  // flask-admin's script builds each filter row (a remove button, how to compare, the value)
  // without labels: name each control after its filter, as rows are added.
  function nameFilterRows(table) {
    table.querySelectorAll('tr').forEach(function (row) {
      var remove = row.querySelector('.remove-filter');
      if (!remove) {
        return;
      }
      var name = remove.textContent.replace('\u00d7', '').trim();
      remove.setAttribute('role', 'button');
      remove.setAttribute('aria-label', 'Remove the filter: ' + name);
      row.querySelectorAll('select.filter-op').forEach(function (el) {
        el.setAttribute('aria-label', name + ': how to compare');
      });
      row.querySelectorAll('.filter-val').forEach(function (el) {
        el.setAttribute('aria-label', name + ': value');
      });
    });
  }
  // flask-admin prints a field's error and hint under it but does not tie them to the field:
  // a screen reader on the field would not read them. Tie them, and mark the field invalid.
  function describeFormFields() {
    document.querySelectorAll('.admin-form .form-group').forEach(function (group) {
      var field = group.querySelector('input[id], select[id], textarea[id], [role=group][id]');
      if (!field) {
        return;
      }
      var ids = [];
      group.querySelectorAll(':scope > .invalid-feedback, :scope > small.form-text')
        .forEach(function (note, n) {
          note.id = note.id || field.id + '-note-' + n;
          ids.push(note.id);
        });
      if (ids.length) {
        field.setAttribute('aria-describedby', ids.join(' '));
      }
      if (field.classList.contains('is-invalid')) {
        field.setAttribute('aria-invalid', 'true');
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    describeFormFields();
    // flask-admin's tabs (List, Create, Edit, Details) mark the page one is on by colour only.
    document.querySelectorAll('.nav-tabs .nav-link.active').forEach(function (tab) {
      tab.setAttribute('aria-current', 'page');
    });
    var table = document.querySelector('#filter_form table.filters');
    if (table) {
      nameFilterRows(table);
      new MutationObserver(function () { nameFilterRows(table); })
        .observe(table, {childList: true, subtree: true});
    }
  });
})();
