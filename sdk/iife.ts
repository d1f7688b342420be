import type { Api, Options } from './options.js';
import { idle, start } from './runtime.js';
import type { Workflow, WorkflowOptions } from './workflows.js';

type Command = (...args: any[]) => any;

const script = document.currentScript as HTMLScriptElement;
const stub = (window as { percept?: { q?: Iterable<[string]> } }).percept;
let client: Api | undefined;

/** Runs started through the command form, which cannot return a handle: one open run per workflow name. */
const runs: Record<string, Workflow> = {};

const commands: Record<string, Command> = {
  init: (options: Options) => {
    client ||= start(options);
  },
  'workflow:start': (name: string, options?: WorkflowOptions) => {
    runs[name] = percept('workflow', name, options);
  },
  'workflow:step': (name: string, step: string) => runs[name]?.step(step),
  'workflow:end': (name: string, outcome?: 'ok' | 'error', error?: string) => runs[name]?.end(outcome, error),
};

/** The one global: `percept(command, ...args)`, with every command also a method. */
const percept = ((command: string, ...args: unknown[]) => (commands[command] || ((client || idle)[command as keyof Api] as Command))?.(...args)) as Command &
  Record<string, Command>;
for (const name in { ...idle, ...commands }) percept[name] = (...args) => percept(name, ...args);

const data: Record<string, any> = script?.dataset || {};
if (data.app) {
  const options = { ...data };
  options.endpoint ||= new URL(script.src).origin;
  for (const flag of ['respectGpc', 'respectDnt', 'debug']) options[flag] = flag in data;
  options.allowParams = data.allowParams?.split(',');
  percept('init', options);
}
(window as { percept?: unknown }).percept = percept;
for (const call of stub?.q || []) percept(...call);
