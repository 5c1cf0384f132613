// QR codes for print pages, generated in the browser (no network): a GIF data URL whose modules are whole
// pixels, shown at a fixed size on paper with nearest-neighbour scaling so a phone reads it at arm's length.
import qrcode from 'qrcode-generator';

export function qrDataUrl(text: string, cellPx = 4, marginCells = 4): string {
  const qr = qrcode(0, 'M');
  qr.addData(text); // the link is percent-encoded ASCII, so byte mode holds it as is
  qr.make();
  return qr.createDataURL(cellPx, marginCells * cellPx);
}
