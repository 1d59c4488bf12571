// Finding the storylint language server: the configured command, the configured
// interpreter, the Python extension's active environment, a virtual environment in the
// workspace, `storylint` on the PATH, the PATH of the user's own shell, and the usual
// places `pip install --user` and pipx put commands. Every step is logged.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where it came from, for the output channel. */
  origin: string;
}

/** Where the storylint sources are published (installed from there until a release). */
export const REPOSITORY = "https://github.com/storylint/storylint";

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

const BIN = process.platform === "win32" ? "Scripts" : "bin";
const EXE = process.platform === "win32" ? ".exe" : "";

/** Virtual environments in the workspace folders (.venv, venv, env). */
function workspaceEnvironments(): string[] {
  const found: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const name of [".venv", "venv", "env"]) {
      const python = path.join(folder.uri.fsPath, name, BIN, `python${EXE}`);
      if (fs.existsSync(python)) {
        found.push(python);
      }
    }
  }
  return found;
}

/** `storylint` as the user's own shell finds it: VS Code started from a desktop launcher
 * has the login PATH, not the one a terminal's start-up files make. */
async function fromShell(): Promise<string | undefined> {
  const shell = process.env.SHELL;
  if (!shell || process.platform === "win32") {
    return undefined;
  }
  const found = await run(shell, ["-i", "-c", "command -v storylint"]);
  const line = found?.split("\n").pop()?.trim();
  return line && path.isAbsolute(line) ? line : undefined;
}

/** Where `pip install --user` and pipx put commands. */
function userCommands(): string[] {
  const home = os.homedir();
  const places = [path.join(home, ".local", "bin", `storylint${EXE}`)];
  if (process.platform === "darwin") {
    places.push("/opt/homebrew/bin/storylint", "/usr/local/bin/storylint");
  }
  return places.filter((place) => fs.existsSync(place));
}

/** How to start the server, trying each place in turn; undefined when none works. */
export async function findServer(log: vscode.OutputChannel): Promise<ServerCommand | undefined> {
  log.appendLine("Looking for the storylint language server:");
  const settings = vscode.workspace.getConfiguration("storylint");
  const command = settings.get<string[]>("path", []);
  if (command.length > 0) {
    const args = command.length === 1 ? ["lsp"] : command.slice(1);
    log.appendLine(`  1. storylint.path is set: ${command.join(" ")}`);
    return { command: command[0], args, origin: "the storylint.path setting" };
  }
  log.appendLine("  1. storylint.path: not set");
  const interpreters: [string, string][] = [];
  const configured = settings.get<string>("interpreter", "");
  log.appendLine(`  2. storylint.interpreter: ${configured || "not set"}`);
  if (configured) {
    interpreters.push([configured, "the storylint.interpreter setting"]);
  }
  const resource = vscode.window.activeTextEditor?.document.uri;
  const fromPython = await pythonExtensionInterpreter(resource);
  log.appendLine(`  3. the Python extension's environment: ${fromPython || "none (no Python extension, or no environment selected)"}`);
  if (fromPython) {
    interpreters.push([fromPython, "the Python extension's active environment"]);
  }
  const environments = workspaceEnvironments();
  log.appendLine(`  4. virtual environments in the workspace: ${environments.join(", ") || "none"}`);
  for (const python of environments) {
    interpreters.push([python, "a virtual environment in the workspace"]);
  }
  for (const [python, origin] of interpreters) {
    const version = await versionIn(python);
    if (version) {
      log.appendLine(`     storylint ${version} found in ${python} (${origin})`);
      return { command: python, args: ["-m", "storylint", "lsp"], origin };
    }
    log.appendLine(`     storylint is not installed in ${python} (${origin})`);
  }
  const onPath = await run("storylint", ["--version"]);
  log.appendLine(`  5. storylint on VS Code's PATH: ${onPath ? onPath : "not found"}`);
  if (onPath) {
    return { command: "storylint", args: ["lsp"], origin: "the PATH" };
  }
  for (const place of [await fromShell(), ...userCommands()]) {
    if (place && (await run(place, ["--version"]))) {
      log.appendLine(`  6. found ${place} (your shell's PATH, or where pip --user and pipx install)`);
      return { command: place, args: ["lsp"], origin: place };
    }
  }
  log.appendLine("  6. not in your shell's PATH, ~/.local/bin or the usual places either");
  return undefined;
}

async function installWith(python: string, what: string): Promise<void> {
  const terminal = vscode.window.createTerminal("storylint: install");
  terminal.show();
  terminal.sendText(`"${python}" -m pip install "${what}"`);
  const choice = await vscode.window.showInformationMessage(
    "storylint: when the install has finished in the terminal, restart the server.",
    "Restart Server",
  );
  if (choice) {
    await vscode.commands.executeCommand("storylint.restartServer");
  }
}

/** Tell the user, with the fix, that no server was found; offer to install it from the
 * repository (there is no release on PyPI yet) or from a clone. */
export async function reportMissing(log: vscode.OutputChannel): Promise<void> {
  const resource = vscode.window.activeTextEditor?.document.uri;
  const python =
    vscode.workspace.getConfiguration("storylint").get<string>("interpreter", "") ||
    (await pythonExtensionInterpreter(resource)) ||
    workspaceEnvironments()[0];
  const fromGitHub = python ? "Install from GitHub" : undefined;
  const fromClone = python ? "Install from a Clone…" : undefined;
  const choices = [fromGitHub, fromClone, "Open Settings", "Show Output"].filter(
    (c): c is string => c !== undefined,
  );
  const where = python ? ` (it would go into ${python})` : " Select a Python interpreter to install it into.";
  const message =
    "storylint: the language server was not found. Install it in a Python 3.11+ " +
    `environment, or set storylint.path to the command that starts it.${where}`;
  log.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, ...choices);
  if (choice === fromGitHub && python) {
    await installWith(python, `git+${REPOSITORY}`);
  } else if (choice === fromClone && python) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: "Install storylint from this folder",
      title: "The folder of your storylint clone (with pyproject.toml)",
    });
    const folder = picked?.[0]?.fsPath;
    if (folder && fs.existsSync(path.join(folder, "pyproject.toml"))) {
      await installWith(python, folder);
    } else if (folder) {
      void vscode.window.showErrorMessage(`storylint: ${folder} has no pyproject.toml: not a storylint clone`);
    }
  } else if (choice === "Open Settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "storylint");
  } else if (choice === "Show Output") {
    log.show();
  }
}
