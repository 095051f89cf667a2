/**
 * What the system writes to enterprises, as data: one template per kind of message, each with a
 * subject and a text in Vietnamese (the default) and English (on request), and the parameters it
 * takes. `{name}` in a subject or text is replaced by the parameter, formatted for the language
 * (domain/render.ts). A unit test renders every template in both languages with its parameters.
 */
import type { MailLanguage } from './language.ts';

export interface Template {
  /** Every parameter the subject and text use, and nothing else. */
  params: readonly string[];
  subject: Record<MailLanguage, string>;
  text: Record<MailLanguage, string>;
}

const FOOTER = {
  vi: '\n\n--\nHệ thống quản lý hỗ trợ doanh nghiệp nhỏ và vừa thành phố Hà Nội.\nThư này được gửi tự động, vui lòng không trả lời thư này.',
  en: '\n\n--\nHanoi SME support management system.\nThis message was sent automatically; please do not reply to it.',
} as const;

export const TEMPLATES = {
  'application-received': {
    params: ['programme', 'applicationId', 'submittedOn', 'dueOn'],
    subject: {
      vi: 'Đã tiếp nhận hồ sơ đề nghị hỗ trợ – chương trình {programme}',
      en: 'Your application has been received – programme {programme}',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nHồ sơ đề nghị hỗ trợ số {applicationId} thuộc chương trình {programme} đã được tiếp nhận ' +
        'ngày {submittedOn}. Hạn trả kết quả: {dueOn}.\n\nChúng tôi sẽ thông báo khi hồ sơ có thay đổi.' +
        FOOTER.vi,
      en:
        'Dear applicant,\n\nApplication {applicationId} to programme {programme} was received on {submittedOn}. ' +
        'A decision is due by {dueOn}.\n\nWe will write again when its status changes.' +
        FOOTER.en,
    },
  },
  'application-scored': {
    params: ['programme', 'applicationId'],
    subject: {
      vi: 'Hồ sơ đã được chấm điểm – chương trình {programme}',
      en: 'Your application has been assessed – programme {programme}',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nHồ sơ số {applicationId} thuộc chương trình {programme} đã được chấm điểm theo ' +
        'tiêu chí của chương trình và đang chờ quyết định.' +
        FOOTER.vi,
      en:
        'Dear applicant,\n\nApplication {applicationId} to programme {programme} has been scored against the ' +
        "programme's criteria and awaits its decision." +
        FOOTER.en,
    },
  },
  'application-approved': {
    params: ['programme', 'applicationId', 'amount', 'decidedOn'],
    subject: {
      vi: 'Hồ sơ được phê duyệt hỗ trợ – chương trình {programme}',
      en: 'Your application has been approved – programme {programme}',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nNgày {decidedOn}, hồ sơ số {applicationId} thuộc chương trình {programme} đã được ' +
        'phê duyệt với mức hỗ trợ {amount}.' +
        FOOTER.vi,
      en:
        'Dear applicant,\n\nOn {decidedOn}, application {applicationId} to programme {programme} was approved for ' +
        'support of {amount}.' +
        FOOTER.en,
    },
  },
  'application-rejected': {
    params: ['programme', 'applicationId', 'reason', 'decidedOn'],
    subject: {
      vi: 'Kết quả xét hồ sơ – chương trình {programme}',
      en: 'Decision on your application – programme {programme}',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nNgày {decidedOn}, hồ sơ số {applicationId} thuộc chương trình {programme} ' +
        'không được phê duyệt.\nLý do: {reason}' +
        FOOTER.vi,
      en:
        'Dear applicant,\n\nOn {decidedOn}, application {applicationId} to programme {programme} was not approved.\n' +
        'Reason: {reason}' +
        FOOTER.en,
    },
  },
  'application-withdrawn': {
    params: ['programme', 'applicationId', 'withdrawnOn'],
    subject: {
      vi: 'Hồ sơ đã được rút – chương trình {programme}',
      en: 'Your application has been withdrawn – programme {programme}',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nHồ sơ số {applicationId} thuộc chương trình {programme} đã được rút ngày {withdrawnOn}.' + FOOTER.vi,
      en: 'Dear applicant,\n\nApplication {applicationId} to programme {programme} was withdrawn on {withdrawnOn}.' + FOOTER.en,
    },
  },
  'supplement-requested': {
    params: ['programme', 'applicationId', 'message', 'documents', 'fields', 'dueOn'],
    subject: {
      vi: 'Yêu cầu bổ sung hồ sơ – chương trình {programme}',
      en: 'Your application needs more information – programme {programme}',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nHồ sơ đề nghị hỗ trợ số {applicationId} thuộc chương trình {programme} cần được ' +
        'bổ sung trước ngày {dueOn}.\nNội dung yêu cầu: {message}\nTài liệu cần nộp bổ sung: {documents}\n' +
        'Thông tin cần sửa đổi, bổ sung: {fields}\n\nThời hạn giải quyết hồ sơ tạm dừng cho đến khi Quý doanh nghiệp bổ sung.' +
        FOOTER.vi,
      en:
        'Dear applicant,\n\nApplication {applicationId} to programme {programme} needs more information by {dueOn}.\n' +
        'What is asked: {message}\nDocuments to add: {documents}\nAnswers to correct or complete: {fields}\n\n' +
        "The file's processing time is paused until you answer." +
        FOOTER.en,
    },
  },
  'supplement-answered': {
    params: ['programme', 'applicationId', 'answeredOn', 'pausedWorkingDays', 'dueOn'],
    subject: {
      vi: 'Đã nhận hồ sơ bổ sung – chương trình {programme}',
      en: 'Your additional information has been received – programme {programme}',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nHồ sơ đề nghị hỗ trợ số {applicationId} thuộc chương trình {programme} đã được ' +
        'bổ sung ngày {answeredOn}. Thời hạn giải quyết hồ sơ tiếp tục; thời gian tạm dừng ({pausedWorkingDays} ngày làm việc) ' +
        'không tính vào thời hạn. Hạn trả kết quả: {dueOn}.\nNếu thông tin hoặc tài liệu đã thay đổi, hồ sơ được chấm điểm lại ' +
        'trước khi có quyết định.' +
        FOOTER.vi,
      en:
        'Dear applicant,\n\nApplication {applicationId} to programme {programme} was completed on {answeredOn}. ' +
        "The file's processing time runs again; the {pausedWorkingDays} working day(s) it was paused do not count. " +
        'A decision is due by {dueOn}.\nIf answers or documents changed, the application is scored again before its decision.' +
        FOOTER.en,
    },
  },
  'fair-agenda': {
    params: ['fair', 'fairId', 'heldOn', 'added', 'removed'],
    subject: {
      vi: 'Lịch gặp đối tác tại {fair} ({heldOn})',
      en: 'Your meeting agenda for {fair} ({heldOn})',
    },
    text: {
      vi:
        'Kính gửi Quý doanh nghiệp,\n\nLịch gặp gỡ giao thương của Quý doanh nghiệp tại {fair}, khai mạc ngày {heldOn}, ' +
        'đã được xếp: thêm {added} cuộc gặp, huỷ {removed} cuộc gặp.\nLịch gặp của Quý doanh nghiệp (có thể tải tệp .ics) ' +
        'có trên hệ thống, mục Hội chợ, mã hội chợ {fairId}.' +
        FOOTER.vi,
      en:
        'Dear participant,\n\nYour business meetings at {fair}, opening on {heldOn}, have been scheduled: {added} added, ' +
        '{removed} cancelled.\nYour agenda (also as .ics) is in the system under Fairs, fair {fairId}.' +
        FOOTER.en,
    },
  },
} as const satisfies Record<string, Template>;

export type TemplateKind = keyof typeof TEMPLATES;
export const TEMPLATE_KINDS = Object.keys(TEMPLATES) as TemplateKind[];
