/**
 * The H5 page's script and style, served from the station's own routes (the CSP allows no inline
 * script or style). ES5 on purpose: wallet in-app browsers can be old WebViews.
 *  - the form: one submit only (the button disables itself; the server dedupes anyway);
 *  - the result page: polls the status while "confirming" and reloads when it is decided; after a
 *    slow pay it sends the wallet on to Alipay as soon as the order exists (data-autopay);
 *  - the poster: a print button.
 */
export const ENTRY_JS = `(function () {
  'use strict';
  var form = document.getElementById('entry-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      if (form.getAttribute('data-sent') === '1') { ev.preventDefault(); return; }
      form.setAttribute('data-sent', '1');
      var btn = form.querySelector('button[type=submit]');
      if (btn) { btn.disabled = true; btn.textContent = btn.getAttribute('data-busy-text') || btn.textContent; }
    });
  }
  var main = document.querySelector('[data-page=result]');
  if (main && main.getAttribute('data-status') === 'confirming') {
    var url = main.getAttribute('data-status-url');
    var autopay = main.getAttribute('data-autopay') === '1';
    var tries = 0;
    var schedule = function () {
      if (tries >= 150) {
        var still = main.querySelector('.still');
        if (still) still.removeAttribute('hidden');
        return;
      }
      setTimeout(poll, tries < 20 ? 1500 : 4000);
    };
    var poll = function () {
      tries++;
      var xhr = new XMLHttpRequest();
      xhr.open('GET', url);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.onload = function () {
        var s = null;
        try { s = JSON.parse(xhr.responseText); } catch (e) { s = null; }
        if (s && autopay && typeof s.redirectUrl === 'string' && /^(https?|alipays?):/i.test(s.redirectUrl)) { location.replace(s.redirectUrl); return; }
        if (s && s.status && s.status !== 'confirming') { location.replace(location.pathname); return; }
        schedule();
      };
      xhr.onerror = schedule;
      xhr.send();
    };
    schedule();
  }
  var print = document.getElementById('print-poster');
  if (print) print.addEventListener('click', function () { window.print(); });
})();
`;

export const ENTRY_CSS = `*{box-sizing:border-box}
body.entry{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Noto Sans CJK SC","Helvetica Neue",Arial,sans-serif;background:#f2f4f7;color:#1a1a1a}
.card{max-width:28rem;margin:0 auto;padding:1.5rem 1.25rem;background:#fff;min-height:100vh}
.pay-to{margin:0;color:#666;font-size:.9rem}
.store{margin:.25rem 0 1.5rem;font-size:1.4rem}
label{display:block;font-size:.9rem;color:#444;margin-bottom:.5rem}
.amount-row{display:flex;align-items:baseline;border-bottom:2px solid #1677ff;padding:.25rem 0}
.currency{font-size:1.1rem;color:#444;margin-right:.5rem}
#amount{flex:1;border:0;outline:0;font-size:2.2rem;width:100%;background:transparent}
.error{color:#d4380d;font-size:.95rem}
button,.button{display:block;width:100%;margin-top:1.5rem;padding:.9rem;border:0;border-radius:.5rem;background:#1677ff;color:#fff;font-size:1.1rem;text-align:center;text-decoration:none}
button[disabled]{opacity:.6}
.button.secondary{background:#fff;color:#1677ff;border:1px solid #1677ff}
.hint{color:#888;font-size:.85rem;margin-top:1rem}
.lang{text-align:center;margin-top:2rem}
.lang a{color:#1677ff}
.result h1{margin:.5rem 0}
.result.paid h1{color:#389e0d}
.result.notPaid h1{color:#d4380d}
.result .amount{font-size:2rem;margin:.5rem 0}
.ref{color:#888;font-size:.8rem;word-break:break-all}
.poster{max-width:148mm;margin:0 auto;padding:10mm;text-align:center;background:#fff}
.poster h1{font-size:2rem;margin:0 0 6mm}
.poster-qr svg{width:100mm;height:100mm}
.poster .scan{font-size:1.5rem;margin:2mm 0}
.poster .steps{color:#444;margin:1mm 0}
.poster .url{color:#888;font-size:.8rem;word-break:break-all}
@page{size:A5;margin:10mm}
@media print{.no-print{display:none}body.entry{background:#fff}}
`;
