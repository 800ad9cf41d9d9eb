/** The join-sheet pages: the Print button opens the browser's print dialog (no inline handlers under the CSP). */
for (const b of document.querySelectorAll<HTMLButtonElement>('[data-print]')) b.addEventListener('click', () => window.print());
