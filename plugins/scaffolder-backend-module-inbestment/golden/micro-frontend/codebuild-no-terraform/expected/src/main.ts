// Module federation needs an async boundary so shared packages are negotiated before Angular starts.
import('./bootstrap').catch((err) => console.error(err));
