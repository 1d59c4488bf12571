// Finding the storylint language server: the configured command, the configured
// interpreter, the Python extension's active environment, or `storylint` on the PATH.
import { execFile } from "child_process";
import * as vscode from "vscode";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where it came from, for the output channel. */
  origin: string;
}

function run(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15000 }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
  });
}

/** The storylint version an interpreter has installed, or undefined. */
async function versionIn(python: string): Promise<string | undefined> {
  return run(python, ["-c", "import storylint; print(storylint.__version__)"]);
}

async function pythonExtensionInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension("ms-python.python");
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environments = api?.environments;
    if (!environments) {
      return undefined;
    }
    const active = environments.getActiveEnvironmentPath(resource);
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath;
  } catch {
    return undefined;
  }
}

/** How to start the server, trying each place in turn; undefined when none works. */
export async function findServer(log: vscode.OutputChannel): Promise<ServerCommand | undefined> {
  const settings = vscode.workspace.getConfiguration("storylint");
  const path = settings.get<string[]>("path", []);
  if (path.length > 0) {
    const args = path.length === 1 ? ["lsp"] : path.slice(1);
    return { command: path[0], args, origin: "the storylint.path setting" };
  }
  const interpreters: [string, string][] = [];
  const configured = settings.get<string>("interpreter", "");
  if (configured) {
    interpreters.push([configured, "the storylint.interpreter setting"]);
  }
  const resource = vscode.window.activeTextEditor?.document.uri;
  const fromPython = await pythonExtensionInterpreter(resource);
  if (fromPython) {
    interpreters.push([fromPython, "the Python extension's active environment"]);
  }
  for (const [python, origin] of interpreters) {
    const version = await versionIn(python);
    if (version) {
      log.appendLine(`storylint ${version} found in ${python} (${origin})`);
      return { command: python, args: ["-m", "storylint", "lsp"], origin };
    }
    log.appendLine(`storylint is not installed in ${python} (${origin})`);
  }
  const onPath = await run("storylint", ["--version"]);
  if (onPath) {
    log.appendLine(`${onPath} found on the PATH`);
    return { command: "storylint", args: ["lsp"], origin: "the PATH" };
  }
  return undefined;
}

/** Tell the user, with the fix, that no server was found. */
export async function reportMissing(log: vscode.OutputChannel): Promise<void> {
  const resource = vscode.window.activeTextEditor?.document.uri;
  const python = vscode.workspace.getConfiguration("storylint").get<string>("interpreter", "") ||
    (await pythonExtensionInterpreter(resource));
  const install = python ? `Install in ${python}` : undefined;
  const choices = [install, "Open Settings", "Show Output"].filter((c): c is string => c !== undefined);
  const message =
    "storylint: the language server was not found. Install it in your Python environment " +
    "(`pip install storylint`), or set `storylint.path` to the command that starts it.";
  log.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, ...choices);
  if (choice === install && python) {
    const terminal = vscode.window.createTerminal("storylint: install");
    terminal.show();
    terminal.sendText(`"${python}" -m pip install storylint`);
  } else if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "storylint");
  } else if (choice === "Show Output") {
    log.show();
  }
}
