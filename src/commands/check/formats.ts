/** The output formats of `wfctl check`: the lowest file of commands/check (the verbs import it, it imports nothing). */
export const CHECK_FORMATS = ['text', 'json', 'prometheus', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
