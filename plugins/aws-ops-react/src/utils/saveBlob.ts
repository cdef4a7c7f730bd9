/**
 * Saves `blob` as a file named `fileName` through the browser's download (an
 * object URL on a transient link): for exports such as CSV fetched with the
 * viewer's token, which a plain link to the route could not send.
 */
export function saveBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
