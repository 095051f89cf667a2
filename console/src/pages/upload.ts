/**
 * Uploading a file to a presigned URL with progress: XMLHttpRequest reports upload progress, which
 * fetch does not. The SHA-256 the API checks the bytes against is computed here first.
 */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function putWithProgress(
  url: string,
  file: Blob,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; etag: string | null }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers))
      if (k.toLowerCase() !== 'host' && k.toLowerCase() !== 'content-length') xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      onProgress(1);
      resolve({ status: xhr.status, etag: xhr.getResponseHeader('etag') });
    };
    xhr.onerror = () => reject(new Error('upload failed (network)'));
    xhr.send(file);
  });
}
