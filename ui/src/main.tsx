import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import "./theme.css";
import "./styles/shell.css";
import "./styles/controls.css";
import "./styles/content.css";
import "./styles/workflow.css";

const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
