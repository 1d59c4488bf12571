// The storylint extension: starts `storylint lsp` for plain text and Markdown files and
// passes VS Code's storylint settings to it.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { findServer, reportMissing } from "./server";

/** The settings the server understands (the rest only concern this extension). */
const SERVER_SETTINGS = [
  "select",
  "ignore",
  "quoteStyle",
  "accept",
  "severity",
  "diagnosticMode",
  "configFile",
  "cast",
];

let client: LanguageClient | undefined;
let log: vscode.OutputChannel;

function serverSettings(): Record<string, unknown> {
  const settings = vscode.workspace.getConfiguration("storylint");
  const result: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const value = settings.inspect(key);
    const chosen = value?.workspaceFolderValue ?? value?.workspaceValue ?? value?.globalValue;
    if (chosen === undefined) {
      continue;
    }
    if (key === "configFile") {
      if (chosen) {
        result.config = chosen;
      }
    } else if (key === "cast") {
      if (Array.isArray(chosen) && chosen.length > 0) {
        result.names = { cast: chosen };
      }
    } else {
      result[key] = chosen;
    }
  }
  return result;
}

async function start(): Promise<void> {
  const server = await findServer(log);
  if (!server) {
    await reportMissing(log);
    return;
  }
  log.appendLine(`Starting ${server.command} ${server.args.join(" ")} (from ${server.origin})`);
  // No `transport`: the client then talks over stdio without adding --stdio.
  const serverOptions: ServerOptions = { command: server.command, args: server.args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "plaintext" },
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: serverSettings(),
    outputChannel: log,
    traceOutputChannel: log,
    synchronize: { configurationSection: "storylint" },
    middleware: {
      workspace: {
        // Answer workspace/configuration with only the settings the server knows.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) {
            return answer;
          }
          return params.items.map((item, index) =>
            item.section === "storylint" ? serverSettings() : answer[index],
          );
        },
      },
    },
  };
  client = new LanguageClient("storylint", "storylint", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = `storylint: the server (${server.command}) failed to start: ${error}`;
    log.appendLine(message);
    void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
      if (choice) {
        log.show();
      }
    });
    client = undefined;
  }
}

async function stop(): Promise<void> {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  log = vscode.window.createOutputChannel("storylint");
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand("storylint.restartServer", async () => {
      log.appendLine("Restarting the server");
      await stop();
      await start();
    }),
    vscode.commands.registerCommand("storylint.showOutput", () => log.show()),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("storylint.path") || event.affectsConfiguration("storylint.interpreter")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
