import { api } from './client'
import type { Attachment } from './types'

// Uploads one file to a case as the raw body (POST /cases/{id}/attachments?filename=…).
export function uploadAttachment(caseId: number, file: File): Promise<Attachment> {
  return api<Attachment>('POST', `/cases/${caseId}/attachments`, {
    query: { filename: file.name },
    raw: file,
    contentType: file.type || 'application/octet-stream',
  })
}
