import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import "./theme.css";

const root = document.getElementById("root");
if (root) createRoot(root).render(<App />);
