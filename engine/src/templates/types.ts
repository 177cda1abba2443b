// Shared by the template catalogue and its callers (the `new` command, the app's "New scenario").

export interface TemplateInfo {
  id: string;
  title: string;
  description: string;
  kind: 'topology' | 'fault';
}
