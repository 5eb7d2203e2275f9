//! 公文: parse an official notice (text, Markdown, .docx) into a structured `NoticeDraft`.
