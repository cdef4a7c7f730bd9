/** Where a team is paged (docs/annotations.md, on Group entities). */
export const ONCALL_CHANNEL_ANNOTATION = 'inbestment.io/oncall-channel';
