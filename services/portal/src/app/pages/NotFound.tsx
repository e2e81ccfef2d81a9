import { Link } from 'react-router';
import { EmptyState } from '../components/Field.js';

export function NotFound() {
  return <EmptyState title="Page not found"><Link to="/harbor/projects">Go to projects</Link></EmptyState>;
}
