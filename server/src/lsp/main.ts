import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// `node dist/server.js --stdio` (editors), or over IPC when VS Code starts it.
startServer(createConnection(ProposedFeatures.all));
