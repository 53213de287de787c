// Keeps one failing tab from taking the dashboard down: the error is shown in the tab's place
// and the other tabs keep working. Keyed by tab, so switching away and back retries.
import {Component, type ReactNode} from 'react';
import {Box, Text} from 'ink';

interface Props {
  title: string;
  children: ReactNode;
}

export class TabBoundary extends Component<Props, {error: Error | null}> {
  state = {error: null as Error | null};

  static getDerivedStateFromError(error: unknown) {
    return {error: error instanceof Error ? error : new Error(String(error))};
  }

  render() {
    const {error} = this.state;
    if (!error) return this.props.children;
    return (
      <Box flexDirection="column" paddingX={1}>
        <Text bold>The {this.props.title} tab failed: {error.message}</Text>
        <Text>The other tabs still work; switch away and back to retry.</Text>
      </Box>
    );
  }
}
