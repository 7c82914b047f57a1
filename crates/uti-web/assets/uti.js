// uti: small enhancements, served by the binary. Every page works without them.
(function () {
  'use strict';

  // An id from a name, as the server makes it (prose::slug_from_name).
  function slug(name) {
    var out = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '');
    if (out.length > 64) {
      var cut = out.slice(0, 64).lastIndexOf('-');
      out = out.slice(0, cut > 0 ? cut : 64);
    }
    return out.replace(/-+$/, '');
  }

  // A new initiative's id follows its name until the user types an id.
  document.querySelectorAll('[data-slug-from]').forEach(function (box) {
    var source = document.getElementById(box.getAttribute('data-slug-from'));
    var target = box.querySelector('input');
    if (!source || !target) return;
    var follows = target.value === '' || target.value === slug(source.value);
    target.addEventListener('input', function () { follows = target.value === ''; });
    source.addEventListener('input', function () {
      if (follows) target.value = slug(source.value);
    });
  });

  // After a failed save the error summary has the focus (it also carries
  // autofocus; this covers browsers that skip it).
  var summary = document.getElementById('fouten');
  if (summary && document.activeElement !== summary) summary.focus();
})();
