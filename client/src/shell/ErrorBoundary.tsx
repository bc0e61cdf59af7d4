import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

export interface ErrorBoundaryProps {
  /** Rendered instead of the children after a crash; `retry` re-mounts them. */
  readonly fallback: (retry: () => void) => ReactNode;
  readonly onError?: (error: unknown, info: ErrorInfo) => void;
  readonly children?: ReactNode;
}

interface State {
  readonly failed: boolean;
}

/** Keeps one screen's crash (or a feature chunk that failed to load) from taking the whole app down. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.onError?.(error, info);
  }

  override render(): ReactNode {
    if (this.state.failed) {
      return this.props.fallback(() => {
        this.setState({ failed: false });
      });
    }
    return this.props.children;
  }
}
