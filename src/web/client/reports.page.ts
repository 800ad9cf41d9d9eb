/** Reports pages: everything is server-rendered; this only wires the print button (no inline handlers under the CSP). */
document.getElementById('print-button')?.addEventListener('click', () => window.print());
